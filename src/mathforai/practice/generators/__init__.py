"""Exercise generators, one module per part. Each maps topic ids to generators, easiest first."""
