"""``make newsroom-account``: create or change a staff account.

The password comes from standard input when it is not a terminal (scripts),
otherwise it is asked for twice without echo. Empty keeps an existing
account's password.
"""

import getpass
import sys

from django.core.management.base import BaseCommand, CommandError

from tintuc.newsroom.accounts import AccountError, AccountRequest, save_account
from tintuc.newsroom.models import split_list

COMMAND_LINE = "(dòng lệnh)"


def read_password(stdin=None, ask=getpass.getpass) -> str:
    """The password from a pipe, or typed twice at a terminal."""
    stdin = stdin or sys.stdin
    if not stdin.isatty():
        return stdin.readline().rstrip("\r\n")
    first = ask("Mật khẩu (sửa tài khoản cũ: để trống là giữ mật khẩu cũ): ")
    if first != ask("Nhập lại mật khẩu: "):
        raise CommandError("Hai mật khẩu không giống nhau; chưa lưu gì.")
    return first


class Command(BaseCommand):
    """Create or update one account."""

    help = "Tạo hoặc sửa tài khoản: --username, --name, --role, --units."

    def add_arguments(self, parser):
        """USERNAME, NAME, ROLE, UNITS as in the Makefile."""
        parser.add_argument("--username", required=True)
        parser.add_argument("--name", required=True)
        parser.add_argument("--role", required=True, help="writer, approver, admin")
        parser.add_argument("--units", default="", help="slug,slug")
        parser.add_argument("--disable", action="store_true")
        parser.add_argument(
            "--keep-password", action="store_true", help="change no password"
        )

    def handle(self, *arguments, **options):
        """Save the account, or say in Vietnamese what is wrong."""
        password = "" if options["keep_password"] else read_password()
        wanted = AccountRequest(
            username=options["username"],
            name=options["name"],
            roles=split_list(options["role"]),
            units=split_list(options["units"]),
            password=password,
            active=not options["disable"],
        )
        try:
            user, created = save_account(wanted, actor=COMMAND_LINE)
        except AccountError as error:
            raise CommandError(error.message) from error
        verb = "Đã tạo" if created else "Đã cập nhật"
        self.stdout.write(f"{verb} tài khoản {user.get_username()}.")
