"""Notes on a story in the newsroom: Decap's notes pane, kept by this server.

An approver says why a story goes back to its writer, and the writer answers.
Who may read, add, change or resolve a note is the policy's
(``policy.may_getNotes`` and the rest); this module reads and writes notes and
answers as Decap's proxy backend expects a ``Note``: ``id``, ``author``,
``timestamp``, ``content``, ``resolved``, and ``isOwn`` for the person asking
(with a ``message`` naming the note, for the log).
Nothing a browser sends names a note's author: the server writes it.
"""

import unicodedata

from tintuc.newsroom.models import Note
from tintuc.newsroom.policy import NOTE_READS, NOTE_WRITES
from tintuc.newsroom.repo.errors import Refused
from tintuc.newsroom.repo.paths import check_key

ACTIONS = NOTE_READS | NOTE_WRITES
# A note is a few sentences; a story's text goes in the story.
MAX_LENGTH = 2000

EMPTY = "Ghi chú trống: hãy viết điều cần nói rồi bấm “Thêm ghi chú”."
TOO_LONG = "Ghi chú dài {length} ký tự, tối đa {limit}: hãy viết ngắn lại."
NOT_TEXT = "Ghi chú phải là chữ."
NO_NOTE = "Không còn ghi chú này (có thể vừa bị xóa): hãy tải lại trang."


def entry_of(params: dict) -> tuple[str, str]:
    """The collection and slug a request's notes belong to (checked, else 422)."""
    return (
        check_key(params.get("collection"), "Chuyên mục"),
        check_key(params.get("slug"), "Đường dẫn bài"),
    )


def note_of(params: dict) -> Note:
    """The note a request names, on the story it names; else a 404.

    A note of another story is not found, whatever its id.
    """
    collection, slug = entry_of(params)
    key = params.get("noteId")
    if not isinstance(key, str | int) or not str(key).isdigit():
        raise Refused(404, NO_NOTE)
    note = Note.objects.filter(pk=int(key), collection=collection, slug=slug).first()
    if note is None:
        raise Refused(404, NO_NOTE)
    return note


def changes_text(action: str, params: dict) -> bool:
    """True when the request changes what a note says (or removes it)."""
    updates = params.get("updates")
    return action == "deleteNote" or (
        action == "updateNote" and isinstance(updates, dict) and "content" in updates
    )


def text_of(value) -> str:
    """A note's text as kept: NFC, trimmed, within the limit; else a 422."""
    if not isinstance(value, str):
        raise Refused(422, NOT_TEXT)
    text = unicodedata.normalize("NFC", value).strip()
    if not text:
        raise Refused(422, EMPTY)
    if len(text) > MAX_LENGTH:
        raise Refused(422, TOO_LONG.format(length=len(text), limit=MAX_LENGTH))
    return text


def as_decap(note: Note, actor) -> dict:
    """A note as Decap's notes pane reads it, for ``actor``."""
    return {
        "id": str(note.pk),
        "author": note.author_name,
        "authorId": note.username,
        "timestamp": note.time.isoformat(),
        "content": note.content,
        "resolved": note.resolved,
        "entrySlug": note.slug,
        "isOwn": note.username == actor.username,
    }


def carry_out(actor, action: str, params: dict) -> dict:
    """Do a notes action the policy allowed, and answer as Decap expects."""
    collection, slug = entry_of(params)
    if action == "getNotes":
        notes = Note.objects.filter(collection=collection, slug=slug)
        return {"notes": [as_decap(note, actor) for note in notes]}
    if action == "addNote":
        sent = params.get("note")
        note = Note.objects.create(
            collection=collection,
            slug=slug,
            username=actor.username,
            author_name=actor.name,
            content=text_of(sent.get("content") if isinstance(sent, dict) else None),
        )
        return {"note": as_decap(note, actor), "message": f"ghi chú {note.pk}"}
    note = note_of(params)
    if action == "deleteNote":
        shown = f"ghi chú {note.pk}: {note.content}"
        note.delete()
        return {"message": shown}
    updates = params.get("updates") if action == "updateNote" else None
    updates = updates if isinstance(updates, dict) else {}
    if "content" in updates:
        note.content = text_of(updates["content"])
    if action == "toggleNoteResolution":
        note.resolved = not note.resolved
    elif "resolved" in updates:
        note.resolved = updates["resolved"] is True
    note.save()
    return {"note": as_decap(note, actor), "message": f"ghi chú {note.pk}"}


def forget(params: dict) -> None:
    """A story dropped from the workflow takes its notes with it.

    Called once the library has dropped it; a new story at the same address
    then starts with none.
    """
    collection, slug = params.get("collection"), params.get("slug")
    if isinstance(collection, str) and isinstance(slug, str):
        Note.objects.filter(collection=collection, slug=slug).delete()
