"""The Streamlit side of the app: widgets and panels, each calling plain functions in layers/ and
render/. Streamlit caching and session state live here, nowhere else; app.py composes the page."""
