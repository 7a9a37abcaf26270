"""What the model says: totals, status, numbers formatted as the document prints them."""
