"""The sales-marketing agreement settings dialog."""
