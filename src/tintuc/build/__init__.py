"""The build runner, apart from the Pelican plugins that hook signals.

- ``python -m tintuc.build build``: the wrapper (``wrapper``): the output's
  lock, the site state (``state``: skip or restore when the inputs' ``fingerprint``
  is unchanged), the staging folder, the swap.
- ``python -m tintuc.build.devserver``: the preview server, which keeps the
  site in memory (``resident``) between builds.
- ``beside``: the files and folders either keeps beside an output folder.
"""
