"""Asynchronous Management API jobs: a per-app worker thread and the job handlers."""
