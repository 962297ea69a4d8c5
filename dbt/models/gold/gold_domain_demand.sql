-- Open offers per ROME domaine professionnel (e.g. M18) within its grand domaine (e.g. M), with the
-- share of all open offers that have a ROME code. Offers without a code (Adzuna, until the ROME
-- classifier predicts one) are counted on a row of their own with a null domain.
with counted as (
    select
        domain_code,
        max(domain_label) as domain_label,
        max(grand_domaine_code) as grand_domaine_code,
        max(grand_domaine_label) as grand_domaine_label,
        count(*) as offers,
        sum(case when rome_predicted then 1 else 0 end) as predicted_offers
    from {{ ref('gold_active_offers') }}
    group by domain_code
)

select
    *,
    case when domain_code is not null
        then round(offers * 1.0 / sum(case when domain_code is not null then offers end) over (), 4)
    end as share
from counted
