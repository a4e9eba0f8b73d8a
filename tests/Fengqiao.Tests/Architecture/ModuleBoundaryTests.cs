using System.Reflection;
using Fengqiao.Kernel.Data;
using Fengqiao.Cases;
using Fengqiao.Mediation;
using Fengqiao.Places;

namespace Fengqiao.Tests.Architecture;

/// <summary>The modular monolith's boundaries, checked on the compiled assemblies (ADR 0001).</summary>
public sealed class ModuleBoundaryTests
{
    private static readonly Assembly Kernel = typeof(FengqiaoDbContext).Assembly;
    private static readonly Assembly Places = typeof(PlacesModule).Assembly;
    private static readonly Assembly Cases = typeof(CasesModule).Assembly;
    private static readonly Assembly Mediation = typeof(MediationModule).Assembly;
    private static readonly Assembly[] Modules = [Places, Cases, Mediation];
    private static readonly Assembly Web = typeof(Fengqiao.Web.SharedResource).Assembly;

    [Fact]
    public void The_kernel_depends_on_no_module_and_not_on_the_host()
    {
        var references = Kernel.GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.DoesNotContain(references, name => name!.StartsWith("Fengqiao.", StringComparison.Ordinal));
    }

    private static readonly Assembly CasesContracts = typeof(Fengqiao.Cases.Contracts.CaseStepTaken).Assembly;

    [Fact]
    public void A_module_depends_on_the_kernel_and_published_contracts_only_never_on_the_host_the_cli_or_another_module()
    {
        foreach (var module in Modules)
        {
            var references = module.GetReferencedAssemblies().Select(a => a.Name!).Where(name => name.StartsWith("Fengqiao", StringComparison.OrdinalIgnoreCase)).ToList();

            Assert.All(references, name => Assert.True(name == "Fengqiao.Kernel" || name.EndsWith(".Contracts", StringComparison.Ordinal), $"{module.GetName().Name} references {name}"));
        }
    }

    [Fact]
    public void A_contracts_assembly_depends_on_the_kernel_only_and_holds_nothing_but_public_records()
    {
        var references = CasesContracts.GetReferencedAssemblies().Select(a => a.Name!).Where(name => name.StartsWith("Fengqiao", StringComparison.OrdinalIgnoreCase)).ToList();

        Assert.Equal(["Fengqiao.Kernel"], references);
        Assert.All(CasesContracts.GetExportedTypes(), type => Assert.Equal("Fengqiao.Cases.Contracts", type.Namespace));
        Assert.Contains(typeof(Fengqiao.Cases.Contracts.CaseStepTaken), CasesContracts.GetExportedTypes());
    }

    [Fact]
    public void The_host_reaches_the_places_module_only_through_its_registration_surface()
    {
        var usedPlacesTypes = Web.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .SelectMany(method => method.GetParameters().Select(p => p.ParameterType).Append(method.ReturnType))
            .Where(type => type.Assembly == Places)
            .Select(type => type.Namespace)
            .Distinct()
            .ToList();

        // Pages and handlers of the host may use the module's public use cases; the module's data model stays inside.
        Assert.DoesNotContain("Fengqiao.Places.Data", usedPlacesTypes);
    }

    [Fact]
    public void Entity_configurations_and_module_models_are_not_public()
    {
        var exposed = new[] { Kernel, Places, Cases, Mediation }
            .SelectMany(assembly => assembly.GetTypes())
            .Where(type => type.IsPublic && (type.Name.EndsWith("Configuration", StringComparison.Ordinal) || type.Name.EndsWith("Model", StringComparison.Ordinal)) && !type.IsInterface)
            .Select(type => type.FullName)
            .ToList();

        Assert.Empty(exposed);
    }
}
