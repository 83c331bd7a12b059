"""Default settings of the cms plugin; a site's own values win."""

DEFAULTS = {
    "CMS_ENABLED": True,
    # Where the newsroom is served: /admin/.
    "CMS_OUTPUT_DIR": "admin",
    # Decap CMS's built files, as `npm ci` installs them (from the working folder).
    "CMS_DECAP_DIST": "node_modules/decap-cms/dist",
    # A HEIC decoder for the preview (browsers cannot show iPhone photos), as
    # `npm ci` installs it; loaded only when a story has a HEIC photo.
    "CMS_HEIC_DECODER": "node_modules/heic2any/dist/heic2any.min.js",
    # The content folder as a path inside the git repository the CMS commits to.
    "CMS_REPO_CONTENT_DIR": "content",
    # The git host the real site signs in to; publishconf.py names the repository
    # and the OAuth proxy (base_url, auth_endpoint). Never a secret.
    "CMS_BACKEND": {"name": "github", "repo": "", "branch": "main"},
    # decap-server's address, set by `make cms` only (tools/cms.py); "" on the
    # public site and behind the newsroom server, which is its own backend.
    "CMS_LOCAL_BACKEND": "",
    # Where the newsroom server says who is signed in: {"role": "writer"} or
    # {"role": "approver"}; writers then never see approver-only fields.
    # "" (this computer, `make cms`): one person does both, every field shows.
    "CMS_ROLE_URL": "",
    # Decap's notes pane on each story (an approver's word on sending it back):
    # the newsroom server keeps notes; decap-server and the git host here do not.
    "CMS_NOTES": False,
    # Where the newsroom server tells what became of each publish; the board
    # then shows it. "" (this computer, `make cms`): nothing to ask.
    "CMS_PUBLICATIONS_URL": "",
    # The git host's API and avatar addresses the newsroom may reach.
    "CMS_BACKEND_ORIGINS": (
        "https://api.github.com https://avatars.githubusercontent.com "
        "https://raw.githubusercontent.com"
    ),
}
