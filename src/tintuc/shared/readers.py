"""Add a step after every reader, through Pelican's public ``readers_init``."""

import functools


@functools.cache
def reading_through(reader_class: type, step) -> type:
    """``reader_class`` whose ``read`` result then goes through ``step``.

    ``step(content, metadata)`` returns the pair to keep. What it gives is what
    Pelican's reader cache keeps, so a step may depend only on the file.
    """

    def read(self, source_path):
        return step(*super(reader, self).read(source_path))

    # Pelican names a story's reader after its class: keep the name.
    reader = type(reader_class.__name__, (reader_class,), {"read": read})
    reader.__doc__ = f"{reader_class.__name__}, then {step.__name__}."
    return reader


def add_reading_step(readers, step) -> None:
    """Put ``step`` after each reader Pelican has (connect to ``readers_init``)."""
    for extension, reader_class in readers.reader_classes.items():
        if reader_class:
            readers.reader_classes[extension] = reading_through(reader_class, step)
