import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { i18n } from '../../src/i18n';
import PasswordRules from '../../src/components/PasswordRules.vue';
import QueryState from '../../src/components/QueryState.vue';
import FacetGroup from '../../src/components/FacetGroup.vue';
import PaginationBar from '../../src/components/PaginationBar.vue';
import { checkPassword } from '../../src/lib/validation';

const global = { plugins: [i18n] };

describe('components', () => {
  it('PasswordRules ticks the rules that are met, in French', () => {
    const wrapper = mount(PasswordRules, {
      props: { id: 'rules', checks: checkPassword('abcdefghijk', '') },
      global,
    });
    const items = wrapper.findAll('li');
    expect(items.map((item) => item.attributes('data-ok'))).toEqual([
      'true',
      'true',
      'true',
      'false',
      'false',
      'false',
      'true',
    ]);
    expect(wrapper.text()).toContain('au moins 10 caractères');
    expect(wrapper.find('[data-rule=UPPERCASE]').text()).toContain('✗');
  });

  it('QueryState shows loading, error, partial, coming-soon and empty states', () => {
    const slots = { default: '<p class="content">data</p>' };
    const state = (props: Record<string, unknown>) =>
      mount(QueryState, { props, slots, global }).find('[data-state]').attributes('data-state');
    expect(state({ loading: true })).toBe('loading');
    expect(
      state({
        errors: [{ message: 'boom', code: 'INTERNAL_SERVER_ERROR', path: null, service: null }],
      }),
    ).toBe('error');
    expect(state({ unavailable: true })).toBe('unavailable');
    expect(state({ hasData: true, empty: true })).toBe('empty');
    const partial = mount(QueryState, {
      props: {
        hasData: true,
        errors: [
          { message: 'down', code: 'SERVICE_UNAVAILABLE', path: ['topSkills'], service: 'skills' },
        ],
      },
      slots,
      global,
    });
    expect(partial.find('[data-state=partial]').text()).toContain('skills');
    expect(partial.find('.content').exists()).toBe(true);
    const network = mount(QueryState, {
      props: { errors: [{ message: 'x', code: 'NETWORK_ERROR', path: null, service: null }] },
      global,
    });
    expect(network.text()).toContain('Le serveur ne répond pas');
  });

  it('FacetGroup shows counts beside values and emits the toggled value', async () => {
    const options = Array.from({ length: 10 }, (_, i) => ({
      value: `v${i}`,
      label: `Valeur ${i}`,
      count: 10 - i,
    }));
    const wrapper = mount(FacetGroup, {
      props: { legend: 'Contrat', name: 'contrat', options, selected: ['v9'], limit: 3 },
      global,
    });
    // 3 first + the selected one beyond the limit
    expect(wrapper.findAll('li')).toHaveLength(4);
    expect(wrapper.find('li .facet-label').text()).toBe('Valeur 0');
    expect(wrapper.find('li .facet-count').text()).toBe('(10)');
    await wrapper.find('input[value=v1]').trigger('change');
    expect(wrapper.emitted('toggle')).toEqual([['v1']]);
    await wrapper.find('button').trigger('click');
    expect(wrapper.findAll('li')).toHaveLength(10);
  });

  it('Pagination shows "( page / pages )" and disables what cannot be done', async () => {
    const wrapper = mount(PaginationBar, {
      props: { page: 1, pages: 8, pageSize: 20, hasNext: true, canGoBack: false },
      global,
    });
    expect(wrapper.find('[data-testid=page-of]').text()).toBe('( 1 / 8 )');
    expect(wrapper.find('[data-testid=previous-page]').attributes('disabled')).toBeDefined();
    await wrapper.find('[data-testid=next-page]').trigger('click');
    expect(wrapper.emitted('next')).toHaveLength(1);
    await wrapper.find('select').setValue('50');
    expect(wrapper.emitted('pageSize')).toEqual([[50]]);
  });
});
