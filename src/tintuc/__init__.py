"""The Định Hóa news site: Pelican plugins, the build runner and the tools."""
