"""Whole of route: public arrivals, detections and deaths (loaded as published), their trends and a
forecast, and the case's journeys and groups placed on the legs of a route (issue 16)."""
