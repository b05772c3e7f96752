def require_platform_admin(request) -> bool:
    """The admin site is open to active platform admins (staff) only."""
    return request.user.is_active and request.user.has_perm("accounts.use_admin_site")
