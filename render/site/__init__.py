"""The static site (``python -m render site OUT``): story pages around the app's map, no server.

- ``build``: writes the whole site
- ``stories``: what each story page says and starts from
- ``pages``: the index and story pages' HTML (everything escaped)
- ``assets``: vendored and project assets copied in, the map's URLs made relative
- ``depths``: the buffer zone precomputed at every depth the app offers
- ``folder``: writes only into a new folder or over an earlier site's own files

The page script is ``static/corridors/site.js`` (date, key dates, depth, state in the URL hash).
"""

from render.site.build import build_site
from render.site.folder import SiteError

__all__ = ["SiteError", "build_site"]
