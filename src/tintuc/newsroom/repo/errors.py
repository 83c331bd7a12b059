"""The one exception the repository side raises: a refusal with its reason."""


class Refused(Exception):  # noqa: N818 - a refusal, not a failure
    """A request the newsroom will not carry out, with a reason in Vietnamese.

    :param status: the HTTP status the web side answers with (400, 403, 404,
        409, 422 or 502 when the remote or the build failed).
    :param message_vi: what to show the person, in Vietnamese.
    :param field: the story field at fault, when there is one.
    :param problems: every problem found, as ``{"field": …, "message": …}``.
    :param headline: the message without the problems it lists (default:
        ``message_vi``), for a page that lists ``problems`` apart.
    """

    def __init__(
        self, status: int, message_vi: str, field=None, problems=(), headline=None
    ):
        super().__init__(message_vi)
        self.status = status
        self.message_vi = message_vi
        self.field = field
        self.problems = list(problems)
        self.headline = headline or message_vi

    def as_json(self) -> dict:
        """The body the web side sends: Decap's proxy shows ``error``."""
        body = {"error": self.message_vi}
        if self.field:
            body["field"] = self.field
        if self.problems:
            body["problems"] = self.problems
        return body
