using Fengqiao.Kernel.Access;

namespace Fengqiao.Tests.Kernel.Access;

/// <summary>AccessScope.Covers: unit subtrees by path prefix, and department assignments within the units served.</summary>
public class AccessScopeTests
{
    private const string County = "/32/3202/320282/";
    private const string Street = "/32/3202/320282/320282001/";
    private const string Community = "/32/3202/320282/320282001/320282001001/";
    private const string Grid = "/32/3202/320282/320282001/320282001001/320282001001003/";
    private const string SiblingStreet = "/32/3202/320282/320282002/";
    private const string SiblingStreetGrid = "/32/3202/320282/320282002/320282002001/320282002001001/";

    /// <summary>Shares the street's codes as a text prefix but is a different unit.</summary>
    private const string PrefixTrap = "/32/3202/320282/3202820010/";

    [Theory]
    [InlineData("/")]
    [InlineData(Street)]
    [InlineData(Grid)]
    public void None_covers_nothing(string unitPath)
    {
        Assert.False(AccessScope.None.Unrestricted);
        Assert.False(AccessScope.None.Covers(unitPath));
        Assert.False(AccessScope.None.Covers(unitPath, "cg"));
    }

    [Theory]
    [InlineData("/")]
    [InlineData(Street)]
    [InlineData(SiblingStreetGrid)]
    [InlineData("")]
    public void System_covers_everything(string unitPath)
    {
        Assert.True(AccessScope.System.Unrestricted);
        Assert.True(AccessScope.System.Covers(unitPath));
        Assert.True(AccessScope.System.Covers(unitPath, null));
        Assert.True(AccessScope.System.Covers(unitPath, "hb"));
    }

    [Theory]
    [InlineData(Street, true)]
    [InlineData(Community, true)]
    [InlineData(Grid, true)]
    [InlineData(County, false)]
    [InlineData(SiblingStreet, false)]
    [InlineData(SiblingStreetGrid, false)]
    [InlineData("/", false)]
    public void A_street_scope_covers_its_own_subtree_only(string unitPath, bool covered)
    {
        var scope = AccessScope.For([Street]);

        Assert.Equal(covered, scope.Covers(unitPath));
    }

    [Fact]
    public void A_street_scope_does_not_cover_a_unit_whose_code_merely_starts_with_the_street_code()
    {
        var scope = AccessScope.For([Street]);

        Assert.False(scope.Covers(PrefixTrap));
        Assert.False(scope.Covers(PrefixTrap + "320282001001/"));
    }

    [Fact]
    public void A_scope_with_several_units_covers_each_subtree()
    {
        var scope = AccessScope.For([Community, SiblingStreet, Community]);

        Assert.Equal([Community, SiblingStreet], scope.UnitPaths);
        Assert.True(scope.Covers(Grid));
        Assert.True(scope.Covers(SiblingStreetGrid));
        Assert.False(scope.Covers(Street));
    }

    [Fact]
    public void A_unit_scope_covers_records_in_its_subtree_whatever_department_they_are_assigned_to()
    {
        var scope = AccessScope.For([Street]);

        Assert.True(scope.Covers(Grid, "hb"));
        Assert.True(scope.Covers(Grid, null));
        Assert.False(scope.Covers(SiblingStreetGrid, "hb"));
    }

    [Fact]
    public void A_department_key_joins_the_department_code_and_the_unit_path()
    {
        Assert.Equal("cg:/32/3202/320282/320282001/", AccessScope.DepartmentKey("cg", Street));
    }

    [Fact]
    public void A_handler_of_a_department_serving_a_street_covers_that_departments_records_in_the_street()
    {
        var scope = AccessScope.For([], [("cg", Street)]);

        Assert.True(scope.Covers(Grid, "cg"));
        Assert.True(scope.Covers(Street, "cg"));
    }

    [Fact]
    public void A_department_handler_does_not_cover_another_departments_records_in_the_same_street()
    {
        var scope = AccessScope.For([], [("cg", Street)]);

        Assert.False(scope.Covers(Grid, "hb"));
    }

    [Fact]
    public void A_department_handler_does_not_cover_its_departments_records_in_another_street()
    {
        var scope = AccessScope.For([], [("cg", Street)]);

        Assert.False(scope.Covers(SiblingStreetGrid, "cg"));
        Assert.False(scope.Covers(PrefixTrap, "cg"));
        Assert.False(scope.Covers(County, "cg"));
    }

    [Fact]
    public void A_department_handler_does_not_cover_unassigned_records_in_the_street()
    {
        var scope = AccessScope.For([], [("cg", Street)]);

        Assert.False(scope.Covers(Grid, null));
        Assert.False(scope.Covers(Grid));
    }

    [Fact]
    public void A_department_code_that_merely_starts_with_the_handlers_code_is_another_department()
    {
        Assert.False(AccessScope.For([], [("cg", Street)]).Covers(Grid, "cgj"));
        Assert.False(AccessScope.For([], [("cgj", Street)]).Covers(Grid, "cg"));
    }

    [Fact]
    public void A_department_serving_several_streets_covers_its_records_in_each()
    {
        var scope = AccessScope.For([], [("cg", Street), ("cg", SiblingStreet), ("cg", Street)]);

        Assert.Equal(2, scope.DepartmentKeys.Count);
        Assert.True(scope.Covers(Grid, "cg"));
        Assert.True(scope.Covers(SiblingStreetGrid, "cg"));
    }
}
