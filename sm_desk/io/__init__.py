"""Files in and out: CSV, ICS, reports."""
