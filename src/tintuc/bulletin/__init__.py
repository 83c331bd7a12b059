"""The loudspeaker bulletin (bản tin truyền thanh cơ sở): ``make bulletin``."""
