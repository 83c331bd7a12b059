"""Notes on a story in the newsroom: Decap's notes pane, kept by this server.

An approver says why a story goes back to its writer, and the writer answers.
Who may read, add, change or resolve a note is the policy's (``may_read_entry``,
``may_addNote``, ``may_updateNote``); this module reads and writes notes and
answers as Decap's proxy backend expects a ``Note``: ``id``, ``author`` (the
name), ``timestamp``, ``content``, ``resolved``, and ``isOwn`` for the person
asking (with a ``message`` saying what was done, for the log). Nothing a browser
sends names a note's author: the server writes it.
"""

import re
import unicodedata

from tintuc.editorial.invisible import without_controls, without_invisible
from tintuc.newsroom.models import Note
from tintuc.newsroom.policy import NOTE_READS, NOTE_WRITES
from tintuc.newsroom.repo.errors import Refused
from tintuc.newsroom.repo.paths import check_key

ACTIONS = NOTE_READS | NOTE_WRITES
# A note is a few sentences; a story's text goes in the story.
MAX_LENGTH = 2000
# Far more than any story's talk needs; a bound on what one account can pile up.
MAX_PER_STORY = 200
NOTE_ID = re.compile(r"[0-9]{1,18}")
SHOWN = 200  # characters of a note in the log

EMPTY = "Ghi chú trống: hãy viết điều cần nói rồi bấm “Thêm ghi chú”."
TOO_LONG = "Ghi chú dài {length} ký tự, tối đa {limit}: hãy viết ngắn lại."
TOO_MANY = "Bài này đã có {limit} ghi chú, mức tối đa: hãy xóa bớt ghi chú cũ."
NOT_TEXT = "Ghi chú phải là chữ."
NOT_A_MARK = "Đánh dấu ghi chú không hợp lệ: hãy tải lại trang rồi làm lại."
NO_NOTE = "Không còn ghi chú này (có thể vừa bị xóa): hãy tải lại trang."
TOO_LONG_KEY = "Địa chỉ bài quá dài: không ghi chú được cho bài này."


def entry_of(params: dict) -> tuple[str, str]:
    """The collection and slug a request's notes belong to (checked, else 422)."""
    collection = check_key(params.get("collection"), "Chuyên mục")
    slug = check_key(params.get("slug"), "Đường dẫn bài")
    for value, field in ((collection, "collection"), (slug, "slug")):
        if len(value) > Note._meta.get_field(field).max_length:
            raise Refused(422, TOO_LONG_KEY)
    return collection, slug


def named_note(params: dict) -> Note | None:
    """The note a request names, on the story it names; None if there is none.

    A note of another story is not found, whatever its id.
    """
    collection, slug = entry_of(params)
    key = params.get("noteId")
    if isinstance(key, int) and not isinstance(key, bool):
        key = str(key)
    if not isinstance(key, str) or not NOTE_ID.fullmatch(key):
        return None
    return Note.objects.filter(pk=int(key), collection=collection, slug=slug).first()


def author_of(params: dict) -> str | None:
    """The username of the note a request names (None: no such note)."""
    note = named_note(params)
    return note.username if note else None


def changes_words(action: str, params: dict) -> bool:
    """True when the request changes what a note says, or removes it."""
    updates = params.get("updates")
    return action == "deleteNote" or (
        action == "updateNote" and isinstance(updates, dict) and "content" in updates
    )


def text_of(value) -> str:
    """A note's text as kept, else a 422.

    NFC, without invisible or control characters (the gate's rule for
    stories), trimmed, within the limit.
    """
    if not isinstance(value, str):
        raise Refused(422, NOT_TEXT)
    text = without_controls(without_invisible(unicodedata.normalize("NFC", value)))
    text = text.strip()
    if not text:
        raise Refused(422, EMPTY)
    if len(text) > MAX_LENGTH:
        raise Refused(422, TOO_LONG.format(length=len(text), limit=MAX_LENGTH))
    return text


def as_decap(note: Note, actor) -> dict:
    """A note as Decap's notes pane reads it, for ``actor`` (no login names)."""
    return {
        "id": str(note.pk),
        "author": note.author_name,
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
        note = added(actor, collection, slug, params)
        said = f"ghi chú {note.pk}: {note.content[:SHOWN]}"
        return {"note": as_decap(note, actor), "message": said}
    note = named_note(params)
    if note is None:
        raise Refused(404, NO_NOTE)
    if action == "deleteNote":
        said = f"ghi chú {note.pk} đã xóa: {note.content[:SHOWN]}"
        note.delete()
        return {"message": said}
    said = changed(note, action, params)
    note.save()
    return {"note": as_decap(note, actor), "message": said}


def added(actor, collection: str, slug: str, params: dict) -> Note:
    sent = params.get("note")
    text = text_of(sent.get("content") if isinstance(sent, dict) else None)
    if Note.objects.filter(collection=collection, slug=slug).count() >= MAX_PER_STORY:
        raise Refused(422, TOO_MANY.format(limit=MAX_PER_STORY))
    return Note.objects.create(
        collection=collection,
        slug=slug,
        username=actor.username,
        author_name=actor.name,
        content=text,
    )


def changed(note: Note, action: str, params: dict) -> str:
    """Change ``note`` as asked (unsaved); what was done, for the log."""
    updates = params.get("updates") if action == "updateNote" else None
    updates = updates if isinstance(updates, dict) else {}
    said = []
    if "content" in updates:
        note.content = text_of(updates["content"])
        said.append(f"lời mới: {note.content[:SHOWN]}")
    if action == "toggleNoteResolution":
        updates = {"resolved": not note.resolved}
    if "resolved" in updates:
        if not isinstance(updates["resolved"], bool):
            raise Refused(422, NOT_A_MARK)
        note.resolved = updates["resolved"]
        said.append("đã xong" if note.resolved else "chưa xong")
    return f"ghi chú {note.pk}: {'; '.join(said) or 'không đổi gì'}"


def forget(collection: str, slug: str) -> int:
    """Drop a story's notes, once the story itself is dropped; how many.

    A story created later at the same address then starts with none.
    """
    count, _ = Note.objects.filter(collection=collection, slug=slug).delete()
    return count
