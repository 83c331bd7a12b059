"""Tell a WebSub hub that feeds changed, so subscribers fetch them at once."""

import urllib.error
import urllib.parse
import urllib.request

USER_AGENT = "TinTucDinhHoa-WebSub/1"


def ping_hub(hub: str, topics: list[str], timeout: float = 10.0) -> list[str]:
    """POST ``hub.mode=publish`` for each topic; return the problems, if any.

    Failures are reported, not raised: a hub that is down must not fail a
    deploy that already succeeded.
    """
    problems = []
    for topic in topics:
        body = urllib.parse.urlencode({"hub.mode": "publish", "hub.url": topic})
        request = urllib.request.Request(
            hub,
            data=body.encode(),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "User-Agent": USER_AGENT,
            },
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                if response.status >= 300:
                    problems.append(f"{topic}: HTTP {response.status}")
        except (urllib.error.URLError, OSError) as error:
            problems.append(f"{topic}: {error}")
    return problems
