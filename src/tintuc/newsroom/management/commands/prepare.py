"""``python -m tintuc.newsroom prepare``: everything before the server starts.

Creates the state folder, migrates the database, asks for the first
admin's password when there is no account (``NEWSROOM_ADMIN_PASSWORD``
when not at a terminal) and builds the /admin/ page.
"""

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from tintuc.newsroom.accounts import AccountError, AccountRequest, save_account
from tintuc.newsroom.adminsite import build_admin_site
from tintuc.newsroom.backend import library
from tintuc.newsroom.management.commands.account import COMMAND_LINE, read_password
from tintuc.newsroom.models import ADMIN
from tintuc.newsroom.repo.errors import Refused

FIRST_ADMIN = "quantri"


class Command(BaseCommand):
    """Prepare the state folder, the database, the first admin, /admin/."""

    help = "Chuẩn bị máy chủ tòa soạn: thư mục .newsroom, CSDL, quản trị đầu tiên."

    def add_arguments(self, parser):
        """``--no-build``: skip building /admin/ (tests that build it once)."""
        parser.add_argument("--no-build", action="store_true")

    def handle(self, *arguments, **options):
        """Each step, in order; stop with a reason when one fails."""
        settings.NEWSROOM_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        if not get_user_model().objects.exists():
            self.first_admin()
        try:
            library()  # clones the repository the first time
        except Refused as refusal:
            raise CommandError(refusal.message_vi) from refusal
        if not options["no_build"] and not build_admin_site():
            raise CommandError("Không dựng được trang /admin/ (xem lỗi ở trên).")

    def first_admin(self):
        """The first account, an admin, with a password the owner chooses."""
        username = os.environ.get("NEWSROOM_ADMIN_USERNAME", FIRST_ADMIN)
        self.stdout.write(
            f"Chưa có tài khoản nào. Tạo tài khoản quản trị đầu tiên: {username}"
        )
        password = os.environ.get("NEWSROOM_ADMIN_PASSWORD") or read_password()
        wanted = AccountRequest(
            username=username,
            name=os.environ.get("NEWSROOM_ADMIN_NAME", "Quản trị"),
            roles=[ADMIN],
            units=[],
            password=password,
        )
        try:
            save_account(wanted, actor=COMMAND_LINE)
        except AccountError as error:
            raise CommandError(error.message) from error
