"""SM Desk: a sales and marketing desk for the owner who wears both hats."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("sm-desk")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
