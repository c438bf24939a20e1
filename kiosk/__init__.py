"""A touchscreen kiosk that sells a business's Zenoti memberships."""

__version__ = "0.1.0"
APP_NAME = "zenoti-membership-kiosk"
