"""API authentication for practitioners' systems.

Practitioners' tools send `Authorization: Bearer <key>` (a DRF token tied to the user, so every
need-to-know rule applies to them). Agencies' import systems send `Authorization: Token <key>`
(records.ApiToken) to the records API alone; the two keywords keep the schemes apart.
"""

from rest_framework.authentication import TokenAuthentication


class PractitionerTokenAuthentication(TokenAuthentication):
    keyword = "Bearer"
