"""The admins' account forms, labelled in Vietnamese."""

from django import forms

from tintuc.newsroom.accounts import unit_names
from tintuc.newsroom.models import ROLE_LABELS


def unit_choices():
    """Every unit of units.toml, by name."""
    return sorted(unit_names().items(), key=lambda item: item[1])


class AccountForm(forms.Form):
    """Add or change an account (the password only when adding)."""

    username = forms.CharField(label="Tên đăng nhập", max_length=150)
    name = forms.CharField(
        label="Họ tên",
        max_length=150,
        help_text="Người duyệt: đúng tên trong content/data/approvers.toml.",
    )
    roles = forms.MultipleChoiceField(
        label="Vai trò",
        choices=list(ROLE_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
    )
    units = forms.MultipleChoiceField(
        label="Đơn vị",
        choices=unit_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    active = forms.BooleanField(label="Đang hoạt động", required=False, initial=True)
    password = forms.CharField(
        label="Mật khẩu",
        widget=forms.PasswordInput(render_value=False),
        required=False,
        help_text="Ít nhất 10 ký tự; để trống khi sửa để giữ mật khẩu cũ.",
    )


class PasswordForm(forms.Form):
    """A new password for an account, typed twice."""

    password = forms.CharField(label="Mật khẩu mới", widget=forms.PasswordInput)
    again = forms.CharField(label="Nhập lại mật khẩu mới", widget=forms.PasswordInput)

    def clean(self):
        """The two must match."""
        data = super().clean()
        if data.get("password") != data.get("again"):
            self.add_error("again", "Hai mật khẩu không giống nhau.")
        return data


class OwnPasswordForm(PasswordForm):
    """One's own new password: the one in use first, then the new one twice."""

    current = forms.CharField(
        label="Mật khẩu đang dùng",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    field_order = ["current", "password", "again"]

    def __init__(self, *arguments, **keywords):
        super().__init__(*arguments, **keywords)
        for name in ("password", "again"):
            self.fields[name].widget.attrs["autocomplete"] = "new-password"
