"""Helpers the plugins share for their caches; not a Pelican plugin itself."""
