"""The one error of the config layer: a setting or limit that cannot be used."""

from __future__ import annotations


class SettingsError(ValueError):
    """A setting that cannot be used: ``code`` picks the message (``build.<code>`` in the text
    catalogue), ``params`` fill it."""

    def __init__(self, code: str, **params: object):
        super().__init__(f"{code}: {params}")
        self.code = code
        self.params = params
