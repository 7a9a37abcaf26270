"""The pipeline, the site engine behind one seam, and the safe publish of the finished site."""
