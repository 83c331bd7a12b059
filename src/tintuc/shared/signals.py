"""The signals our plugins send one another, declared once.

Each is sent with the Pelican object; a receiver ignores another build's.

``pages_needed``: every page must be on disk now. Buildspeed, which defers
rendering, renders them. Search sends it to render while Pagefind works.

``output_needed``: the whole output must be on disk now, pages and search index.
Sent by the link check before it reads the output; search finishes its index
and buildspeed its pages. Without it, both finish at ``finalized`` anyway.

``document_context``: a document's metadata, read, before its ``Document`` is
made (Pelican's ``context_signal`` of ``Readers.read_file``); documents sets
its slug from its number there.

``story_refreshed``: sent with a story whose title, summary or body the
devserver's resident site has just put in place (``tintuc.build.resident``),
and the site's ``settings``. A plugin that made something from those fields
while the context was built makes it again for this story.
"""

from blinker import signal

pages_needed = signal("dinhhoa.pages_needed")
output_needed = signal("dinhhoa.output_needed")
document_context = signal("dinhhoa.document_context")
story_refreshed = signal("dinhhoa.story_refreshed")
