-- Open offers per seniority (DEBUTANT, JUNIOR, CONFIRME, SENIOR; UNKNOWN when nothing says), per
-- contract type, so the dashboard can show both the overall and the per-contract distribution.
select
    coalesce(seniority, 'UNKNOWN') as seniority,
    contract_type,
    count(*) as offers,
    round(count(*) * 1.0 / sum(count(*)) over (partition by contract_type), 4) as share_of_contract_type,
    round(count(*) * 1.0 / sum(count(*)) over (), 4) as share
from {{ ref('gold_active_offers') }}
group by coalesce(seniority, 'UNKNOWN'), contract_type
