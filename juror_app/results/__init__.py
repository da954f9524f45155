"""Results: ranking, lifecycle (freeze, publish), calibration, exports, reports."""
