"""Default settings of the search plugin; a site's own values win."""

DEFAULTS = {
    "SEARCH_INDEX_ENABLED": True,
    # Stories per Pagefind index. Pagefind holds a whole index in memory (about
    # 170 kB per story), so the site is indexed in slices, oldest first, that the
    # search page merges. A new story only changes the newest slice. Each slice
    # costs a reader about 80 kB more on a first search (its own WebAssembly and
    # metadata), so slices are as big as a 512 MiB memory budget allows.
    "SEARCH_SHARD_SIZE": 2500,
    # The first slice goes in pagefind/, the next in pagefind-2/, and so on.
    "SEARCH_BUNDLE_DIR": "pagefind",
    # Finished slices are kept inside CACHE_PATH, by a hash of what they hold.
    "SEARCH_CACHE_DIR": "search",
    # Spellings search treats as one word (tone placement, i/y): a TOML file
    # like tintuc/search/spellings.toml, or "" for that one.
    "SEARCH_SPELLINGS_FILE": "",
}
