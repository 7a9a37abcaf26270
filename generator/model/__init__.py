"""The model: frozen dataclasses for a plan, and problems as data. Imports only i18n."""
