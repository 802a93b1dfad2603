"""The kit's release number (``gk_helpers.__version__``), read once from the installed distribution."""

from importlib.metadata import PackageNotFoundError, version

try:
    RELEASE = version("gk-report")
except PackageNotFoundError:  # running from a source tree without installation
    RELEASE = "0.0.0+source"
