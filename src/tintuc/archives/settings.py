"""The archives plugin's settings (the month URL is Pelican's MONTH_ARCHIVE_URL)."""

DEFAULTS = {
    # Where each month's page is written ("" for none), formatted with the
    # month's first story's ``date``, as Pelican's MONTH_ARCHIVE_SAVE_AS.
    "ARCHIVES_MONTH_SAVE_AS": "",
}
