"""`make bench`: how fast the discussion page is, measured against its baseline and its floor."""
