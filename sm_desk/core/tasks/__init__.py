"""Tasks and the ownership rules: the work that falls between sales and marketing."""
