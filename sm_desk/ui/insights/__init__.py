"""The hand-offs between the hats in the GUI: insights, collateral, hunting grounds, leads."""
