"""The controlled vocabularies for question tags and tracks.

Tags are controlled so that selection can spread over topics and authors cannot drift into near-synonyms
("k8s" vs "kubernetes"). A question pack may extend the tag list with a ``vocabulary.json`` file
(``{"tags": ["my-tag"]}``) beside its question files.
"""

from __future__ import annotations

SHIPPED_TRACKS: tuple[str, ...] = (
    "backend",
    "frontend",
    "devops-sre",
    "data-engineering",
    "machine-learning",
    "system-design",
    "behavioral",
    "security",
)

TAGS: frozenset[str] = frozenset(
    {
        # general engineering
        "algorithms", "data-structures", "complexity", "testing", "debugging", "code-review", "refactoring",
        "design-patterns", "api-design", "rest", "graphql", "grpc", "http", "networking", "dns", "tls",
        "concurrency", "async", "multithreading", "memory", "performance", "profiling", "caching",
        "databases", "sql", "nosql", "indexing", "transactions", "isolation-levels", "replication",
        "sharding", "partitioning", "consistency", "distributed-systems", "consensus", "messaging", "queues",
        "event-driven", "streaming", "batch", "idempotency", "retries", "rate-limiting", "load-balancing",
        "scalability", "availability", "reliability", "observability", "logging", "metrics", "tracing",
        "alerting", "incident-response", "postmortems", "slo", "capacity-planning", "cost",
        "microservices", "monolith", "architecture", "migrations", "versioning", "backwards-compatibility",
        "python", "javascript", "typescript", "go", "java", "rust", "linux", "shell", "git",
        # frontend
        "browser", "dom", "css", "html", "accessibility", "react", "state-management", "rendering",
        "web-performance", "bundling", "forms", "internationalization", "responsive-design", "web-security",
        # devops / sre
        "ci-cd", "deployment", "containers", "docker", "kubernetes", "infrastructure-as-code", "cloud",
        "configuration", "secrets", "backups", "disaster-recovery", "on-call", "automation", "chaos-engineering",
        # data
        "etl", "data-modeling", "data-quality", "data-warehouse", "data-lake", "spark", "orchestration",
        "schema-evolution", "cdc", "file-formats", "lineage", "privacy",
        # machine learning
        "ml-fundamentals", "statistics", "feature-engineering", "model-evaluation", "overfitting", "deep-learning",
        "nlp", "llm", "recommendation", "mlops", "model-serving", "experimentation", "ab-testing", "data-drift",
        "embeddings", "optimization",
        # security
        "authentication", "authorization", "oauth", "cryptography", "owasp", "injection", "xss", "csrf",
        "threat-modeling", "supply-chain", "vulnerability-management", "access-control", "zero-trust",
        "security-logging", "session-management", "input-validation",
        # behavioural
        "teamwork", "leadership", "conflict", "communication", "ownership", "failure", "feedback",
        "mentoring", "prioritization", "ambiguity", "stakeholders", "career", "motivation", "decision-making",
        "estimation", "learning", "introduction",
    }
)
