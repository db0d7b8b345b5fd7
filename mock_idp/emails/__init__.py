"""Tenant email: Liquid templates with Auth0's variables, SMTP delivery, and reading the outbox.

``mock_idp.mail.send_template`` is the one call that sends; the modules here are its parts.
"""
