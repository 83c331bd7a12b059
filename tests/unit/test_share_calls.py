"""How the poster sorts a failed API call: by when it failed, not by its kind.

Against the loopback stand-ins: a failure while connecting sent nothing and
is tried again; once the request may have left, a POST is uncertain.
"""

import pytest

from tests.fake_apis import FakeApis, Fault
from tintuc.share.channels import base
from tintuc.share.channels.base import RetryLater, Uncertain, call
from tintuc.share.channels.facebook import same_link


@pytest.fixture
def apis():
    fake = FakeApis()
    yield fake
    fake.close()


def test_nothing_listening_is_tried_again():
    with pytest.raises(RetryLater, match=r"không kết nối được \(ConnectionRefused"):
        call("Facebook", "http://127.0.0.1:9/fb/feed", form={"a": "1"})


def test_a_tls_handshake_that_fails_sent_no_request(apis):
    # A plain HTTP server spoken to in TLS: the handshake fails while connecting.
    https = apis.base.replace("http://", "https://")
    with pytest.raises(RetryLater, match="không kết nối được"):
        call("Facebook", f"{https}/fb/v21.0/1234/feed", form={"link": "x"})
    assert apis.requests == []


def test_a_name_that_does_not_parse_sent_nothing():
    with pytest.raises(RetryLater, match="không kết nối được"):
        call("Zalo OA", "ftp://example.invalid/article", body={})


@pytest.mark.parametrize("kind", ["close", "reset", "hang"])
def test_a_post_with_its_answer_lost_is_uncertain(apis, monkeypatch, kind):
    monkeypatch.setattr(base, "TIMEOUT_SECONDS", 0.3)
    apis.queue("/fb/v21.0/1234/feed", Fault(kind, seconds=2))
    with pytest.raises(Uncertain, match="đã gửi yêu cầu"):
        call("Facebook", f"{apis.base}/fb/v21.0/1234/feed", form={"link": "x"})
    assert [request.form for request in apis.requests] == [{"link": "x"}]


def test_a_read_with_its_answer_lost_is_only_tried_again(apis):
    apis.queue("/fb/v21.0/1234/posts", Fault("close"))
    with pytest.raises(RetryLater, match="không đọc được trả lời"):
        call("Facebook", f"{apis.base}/fb/v21.0/1234/posts?limit=1", method="GET")


def test_errors_never_name_the_url_which_may_hold_a_token(apis):
    apis.queue("/tg/botsecret/sendPhoto", Fault("close"))
    with pytest.raises(Uncertain) as lost:
        call("Telegram", f"{apis.base}/tg/botsecret/sendPhoto", form={})
    with pytest.raises(RetryLater) as refused:
        call("Telegram", "http://127.0.0.1:9/tg/botsecret/sendPhoto", form={})
    assert "secret" not in str(lost.value) + str(refused.value)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("https://x.vn/bai-viet/a/", "https://x.vn/bai-viet/a", True),
        ("https://x.vn/bai-viet/a/", "https://X.vn/bai-viet/a/?fbclid=1", True),
        ("https://x.vn/bai-viet/a/", "https://x.vn/bai-viet/a-2/", False),
        ("", "", False),
    ],
)
def test_a_page_post_carries_a_story_link_as_facebook_returns_it(a, b, same):
    assert same_link(a, b) is same
