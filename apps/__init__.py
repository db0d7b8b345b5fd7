"""Browser-facing web apps of the cookbook; ``apps.common`` holds what they share."""
