using System.Reflection;
using EGov.Biometrics.Vision.Models;

namespace EGov.Biometrics.Vision.Tests;

/// <summary>
/// The package's public surface takes and returns plain types: no OpenCV type appears in a public or protected
/// signature (the OpenCV side is internal, reached by the project's own callers through InternalsVisibleTo).
/// </summary>
public sealed class PublicSurfaceTests
{
    [Fact]
    public void No_public_signature_of_the_library_names_an_OpenCV_type()
    {
        var openCv = typeof(OpenCvSharp.Mat).Assembly;
        const BindingFlags Visible = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var offenders = new List<string>();
        foreach (var type in typeof(ModelManifest).Assembly.GetExportedTypes())
        {
            Check(type.BaseType, $"{type} base type");
            foreach (var iface in type.GetInterfaces())
            {
                Check(iface, $"{type} implements");
            }

            foreach (var member in type.GetMembers(Visible | BindingFlags.NonPublic).Where(IsVisible))
            {
                switch (member)
                {
                    case MethodBase method:
                        Check((method as MethodInfo)?.ReturnType, $"{type}.{method.Name} returns");
                        foreach (var parameter in method.GetParameters())
                        {
                            Check(parameter.ParameterType, $"{type}.{method.Name}({parameter.Name})");
                        }

                        break;
                    case PropertyInfo property:
                        Check(property.PropertyType, $"{type}.{property.Name}");
                        break;
                    case FieldInfo field:
                        Check(field.FieldType, $"{type}.{field.Name}");
                        break;
                }
            }
        }

        Assert.True(offenders.Count == 0, "Public signatures naming OpenCV types:\n" + string.Join("\n", offenders));

        void Check(Type? type, string where)
        {
            if (type is null)
            {
                return;
            }

            if (type.HasElementType)
            {
                Check(type.GetElementType(), where);
                return;
            }

            if (type.Assembly == openCv)
            {
                offenders.Add($"{where}: {type}");
            }

            foreach (var argument in type.IsGenericType ? type.GetGenericArguments() : [])
            {
                Check(argument, where);
            }
        }
    }

    // Public, protected or protected internal: what a package user can reach (interface members declared internal are not).
    private static bool IsVisible(MemberInfo member) => member switch
    {
        MethodBase m => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly,
        FieldInfo f => f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly,
        PropertyInfo p => p.GetAccessors(nonPublic: true).Any(a => a.IsPublic || a.IsFamily || a.IsFamilyOrAssembly),
        _ => false,
    };
}
