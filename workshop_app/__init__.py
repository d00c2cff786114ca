"""Planwall: run live, facilitated Joint Business Planning workshops."""

__version__ = "0.1.0"
APP_NAME = "Planwall"
ORG_NAME = "Planwall"
