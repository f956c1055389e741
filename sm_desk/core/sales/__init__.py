"""Sales (one-to-one): deals, stages, activities, the stalled rule, forecast, collections."""
