"""Who is asking: the client's address, also behind the load balancer."""

from django.conf import settings


def client_ip(request):
    """The client's address for sign-in rate limiting. Behind PROXY_COUNT trusted proxies
    (the load balancer, a CDN), the address they saw is the PROXY_COUNT-th from the right of
    X-Forwarded-For (entries further left are what the client claims, and are not trusted);
    without proxies, the address that connected."""
    count = settings.PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if count and len(forwarded) >= count:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR")
