import { vendors } from '../src/registry';
import { vendorLoaders } from '../src/vendor-loaders';

describe('the provider process loads the vendors of the registry, one by one', () => {
  test('the same vendors in the same order', () => {
    expect(vendorLoaders.map(({ name }) => name)).toEqual(vendors.map(({ name }) => name));
  });

  test.each(vendorLoaders.map(loader => [loader.name, loader]))('%s loads the very definition the registry lists', async (name, loader) => {
    expect(await loader.load()).toBe(vendors.find(vendor => vendor.name === name));
  });

  test('every resource and data source type is named after its vendor, which routes it', () => {
    for (const vendor of vendors) {
      for (const { typeName } of [...vendor.resources, ...vendor.dataSources]) {
        expect(typeName.startsWith(`secops_${vendor.name}_`)).toBe(true);
      }
    }
  });
});
