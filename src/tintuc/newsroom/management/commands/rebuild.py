"""``python -m tintuc.newsroom rebuild``: build the public site again, for the clock.

With ``NEWSROOM_PUBLISH=build`` the server builds the site when a story is
published. A story dated later, or a document coming into force, shows at
the first build after its time: a timer runs this every quarter of an hour
(docs/may-chu-toa-soan.md). With nothing to change, the build takes seconds.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tintuc.newsroom.backend import library

NOT_HOSTED = (
    "Máy chủ không tự dựng trang (NEWSROOM_PUBLISH không phải 'build'): trang "
    "được dựng ở nơi nhận bài (GitHub Actions), không cần lệnh này."
)


class Command(BaseCommand):
    """Build ``main`` into the public site, under the library's lock."""

    help = "Dựng lại trang công khai (bài hẹn giờ, văn bản đến ngày hiệu lực)."

    def handle(self, *arguments, **options):
        """Build, or say why not; a failed build leaves the site as it was."""
        if settings.NEWSROOM_PUBLISH != "build":
            raise CommandError(NOT_HOSTED)
        newsroom = library()
        with newsroom.locked():
            result = newsroom.build_site()
        if not result["ok"]:
            raise CommandError(
                "Không dựng được trang; trang vẫn như cũ: "
                f"{result.get('headline') or 'xem nhật ký dịch vụ'}"
            )
        self.stdout.write(f"Đã dựng lại trang vào {result['output']}.")
