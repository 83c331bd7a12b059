"""Password rules Django's Vietnamese translation leaves in English."""

from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.exceptions import ValidationError


class MinimumLength(MinimumLengthValidator):
    """Django's minimum length, saying so in Vietnamese."""

    def validate(self, password, user=None):
        """Refuse a password shorter than ``min_length``."""
        if len(password) < self.min_length:
            raise ValidationError(
                f"Mật khẩu quá ngắn: cần ít nhất {self.min_length} ký tự.",
                code="password_too_short",
            )

    def get_help_text(self):
        """The rule, for forms."""
        return f"Mật khẩu cần ít nhất {self.min_length} ký tự."
