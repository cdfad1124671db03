"""The access policy: every "who may see or do what" of the product, in one package.

Views (API and web) ask it once per request and hand its decision down: the visible
queryset, the decided object, the fields the caller may read. Services and selectors never
import it. One module per domain it guards:

- ``caller``: who is asking (membership and role, looked up once per request);
- ``deny``: the one way to refuse, audited, raising ``coord.lib.errors`` exceptions;
- ``cases``: case lists, one case (``CaseAccess``), fields, partner reads;
- ``grants``: access requests, grants, shares, referrals, notifications;
- ``audit``: who reads and verifies the audit trail;
- ``trends``: observations and aggregates;
- ``organisations``: members, keys, the directory, jobs.

See docs/architecture-notes.md for the layers and docs/sharing.md for the rules.
"""
