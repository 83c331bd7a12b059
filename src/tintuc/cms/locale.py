"""Vietnamese words for Decap CMS, laid over decap-cms-locales' incomplete ``vi``.

newsroom.js merges these into Decap's own ``vi`` phrases; a browser test fails
on any English phrase left. ``%{…}`` are Decap's placeholders.
"""

VI_OVERRIDES = {
    "auth": {
        "loginWithAzure": "Đăng nhập bằng Azure",
        "loginWithForgejo": "Đăng nhập bằng Forgejo",
    },
    "app": {"header": {"quickAdd": "Viết mới"}},
    "collection": {
        "collectionTop": {
            "viewAsList": "Xem dạng danh sách",
            "viewAsGrid": "Xem dạng lưới",
            "groupBy": "Nhóm theo",
        },
        "entries": {"unpublishedHeader": "Bài chưa công bố"},
        "groups": {"other": "Khác", "negateLabel": "Không phải %{label}"},
    },
    "editor": {
        # Decap names the widget here ("select field"): say only what it is.
        "editorControl": {"field": {"widgetLabel": "Ô nhập"}},
        "editorControlPane": {
            "widget": {
                # The form's words for the gate's rules (see schema.py).
                "required": "Thiếu trường bắt buộc: %{fieldLabel}.",
                "regexPattern": "%{pattern}.",
                "processing": "%{fieldLabel} đang xử lý.",
            },
            "i18n": {
                "writingInLocale": "Đang viết bằng %{locale}",
                "copyFromLocale": "Chép từ ngôn ngữ khác",
                "copyFromLocaleConfirm": "Chép nội dung từ %{locale}?\n"
                "Mọi nội dung đang có sẽ bị thay.",
            },
        },
        "editorInterface": {
            "toggleI18n": "Bật/tắt đa ngôn ngữ",
            "togglePreview": "Bật/tắt xem trước",
            "toggleScrollSync": "Cuộn cùng lúc",
            "toggleNotes": "Bật/tắt ghi chú",
        },
        "editorNotesPane": {
            "title": "Ghi chú",
            "emptyState": "Chưa có ghi chú. Viết ghi chú đầu tiên ở dưới.",
            "addNote": "Thêm ghi chú",
            "addPlaceholder": "Viết ghi chú…",
            "editPlaceholder": "Sửa ghi chú…",
            "save": "Lưu",
            "cancel": "Hủy",
            "edit": "Sửa",
            "delete": "Xóa",
            "resolve": "Đã xong",
            "unresolve": "Mở lại",
            "confirmDelete": "Xóa ghi chú này?",
            "shortcut": "Mẹo: bấm Ctrl+Enter để thêm nhanh ghi chú",
        },
        "editorToolbar": {
            "status": "Trạng thái: %{status}",
            "statusInfoTooltipDraft": "Bài đang là bản nháp. Viết xong thì chuyển "
            "trạng thái sang “Đang xét duyệt” để gửi người duyệt.",
            "statusInfoTooltipInReview": "Bài đang được xét duyệt; bạn vẫn có thể "
            "sửa trong lúc chờ.",
        },
        "editorWidgets": {
            "markdown": {
                "bold": "Chữ đậm",
                "italic": "Chữ nghiêng",
                "strikethrough": "Gạch ngang",
                "code": "Mã",
                "link": "Liên kết",
                "linkPrompt": "Dán địa chỉ trang cần liên kết (bắt đầu bằng https://)",
                "headings": "Tiêu đề mục",
                "headingOne": "Tiêu đề mục cấp 1",
                "headingTwo": "Tiêu đề mục cấp 2",
                "headingThree": "Tiêu đề mục cấp 3",
                "headingFour": "Tiêu đề mục cấp 4",
                "headingFive": "Tiêu đề mục cấp 5",
                "headingSix": "Tiêu đề mục cấp 6",
                "quote": "Trích dẫn",
                "bulletedList": "Danh sách gạch đầu dòng",
                "numberedList": "Danh sách đánh số",
                "addComponent": "Chèn ảnh hoặc mục khác",
                "richText": "Soạn thảo",
                "markdown": "Mã Markdown",
                "type": "Gõ…",
                "toggleMode": {
                    "rich": "Chuyển sang soạn thảo thường",
                    "markdown": "Chuyển sang mã Markdown",
                },
            },
            "image": {
                "choose": "Chọn ảnh",
                "chooseMultiple": "Chọn ảnh",
                "chooseUrl": "Chèn ảnh từ địa chỉ web",
                "replaceUrl": "Thay bằng địa chỉ web",
                "promptUrl": "Dán địa chỉ web của ảnh",
                "chooseDifferent": "Chọn ảnh khác",
                "addMore": "Thêm ảnh",
                "remove": "Bỏ ảnh",
                "removeAll": "Bỏ tất cả ảnh",
            },
            "file": {
                "choose": "Chọn một tập tin",
                "chooseUrl": "Chèn từ địa chỉ web",
                "chooseMultiple": "Chọn tập tin",
                "replaceUrl": "Thay bằng địa chỉ web",
                "promptUrl": "Dán địa chỉ web của tập tin",
                "addMore": "Thêm tập tin",
                "removeAll": "Bỏ tất cả tập tin",
            },
            "datetime": {"setToNow": "Đặt %{fieldLabel} là bây giờ", "now": "Bây giờ"},
            "list": {"add": "Thêm %{item}", "addType": "Thêm %{item}"},
            "object": {"expand": "Mở ra", "collapse": "Thu gọn"},
        },
    },
    "mediaLibrary": {
        "mediaLibraryCard": {
            "copy": "Chép",
            "copyUrl": "Chép địa chỉ",
            "copyPath": "Chép đường dẫn",
            "copyName": "Chép tên",
            "copied": "Đã chép",
        },
        "mediaLibraryModal": {"close": "Đóng"},
    },
    "ui": {
        "settingsDropdown": {"account": "Tài khoản"},
        "toast": {
            # newsroom.js lists every problem above the form; the toast says where.
            "onFailToPersist": "Chưa lưu được: %{details}",
            "missingRequiredField": "Chưa lưu được: xem các lỗi đánh dấu đỏ ở đầu "
            "biểu mẫu.",
            # Whether the public site was updated is the notice's to say (newsroom.js).
            "entryPublished": "Bài đã được duyệt và đưa vào kho của trang.",
            "noteAdded": "Đã thêm ghi chú",
            "onFailToAddNote": "Không thêm được ghi chú: %{details}",
            "noteUpdated": "Đã sửa ghi chú",
            "onFailToUpdateNote": "Không sửa được ghi chú: %{details}",
            "noteDeleted": "Đã xóa ghi chú",
            "onFailToDeleteNote": "Không xóa được ghi chú: %{details}",
            "noteResolved": "Ghi chú đã xong",
            "noteReopened": "Đã mở lại ghi chú",
            "onFailToToggleNote": "Không đổi được ghi chú: %{details}",
        },
    },
    # With the browser's offset, which newsroom.js turns into Vietnam time.
    "workflow": {"workflow": {"dateFormat": "DD/MM/YYYY HH:mm Z"}},
}
