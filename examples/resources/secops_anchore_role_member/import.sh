terraform import secops_anchore_role_member.example read-write/engineering/ci-bot
